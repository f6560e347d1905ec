build/fuzz/obj/src/domain/refs.o: src/domain/refs.c src/domain/refs.h \
  src/db/db.h src/util/problem.h src/domain/category.h \
  src/domain/listing.h src/domain/field.h src/domain/person.h \
  src/domain/zone.h src/util/banned.h

src/domain/refs.h:

src/db/db.h:

src/util/problem.h:

src/domain/category.h:

src/domain/listing.h:

src/domain/field.h:

src/domain/person.h:

src/domain/zone.h:

src/util/banned.h:
