build/fuzz/obj/src/domain/listing.o: src/domain/listing.c \
  src/domain/listing.h src/db/db.h src/domain/field.h src/util/problem.h \
  src/util/buf.h src/util/banned.h

src/domain/listing.h:

src/db/db.h:

src/domain/field.h:

src/util/problem.h:

src/util/buf.h:

src/util/banned.h:
