build/fuzz/obj/src/domain/person.o: src/domain/person.c \
  src/domain/person.h src/db/db.h src/domain/field.h src/util/problem.h \
  src/domain/listing.h src/domain/refs.h src/util/clock.h \
  src/util/banned.h

src/domain/person.h:

src/db/db.h:

src/domain/field.h:

src/util/problem.h:

src/domain/listing.h:

src/domain/refs.h:

src/util/clock.h:

src/util/banned.h:
