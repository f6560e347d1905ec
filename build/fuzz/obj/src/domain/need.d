build/fuzz/obj/src/domain/need.o: src/domain/need.c src/domain/need.h \
  src/db/db.h src/domain/field.h src/util/problem.h src/domain/listing.h \
  src/domain/refs.h src/domain/status.h src/util/clock.h \
  src/util/banned.h

src/domain/need.h:

src/db/db.h:

src/domain/field.h:

src/util/problem.h:

src/domain/listing.h:

src/domain/refs.h:

src/domain/status.h:

src/util/clock.h:

src/util/banned.h:
