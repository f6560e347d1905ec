build/fuzz/obj/src/domain/category.o: src/domain/category.c \
  src/domain/category.h src/db/db.h src/util/problem.h \
  src/domain/listing.h src/domain/field.h src/util/banned.h

src/domain/category.h:

src/db/db.h:

src/util/problem.h:

src/domain/listing.h:

src/domain/field.h:

src/util/banned.h:
