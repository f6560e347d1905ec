build/fuzz/obj/src/domain/offer.o: src/domain/offer.c src/domain/offer.h \
  src/db/db.h src/domain/field.h src/util/problem.h src/domain/listing.h \
  src/domain/refs.h src/domain/status.h src/util/clock.h \
  src/util/banned.h

src/domain/offer.h:

src/db/db.h:

src/domain/field.h:

src/util/problem.h:

src/domain/listing.h:

src/domain/refs.h:

src/domain/status.h:

src/util/clock.h:

src/util/banned.h:
