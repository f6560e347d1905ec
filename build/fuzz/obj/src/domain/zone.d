build/fuzz/obj/src/domain/zone.o: src/domain/zone.c src/domain/zone.h \
  src/db/db.h src/domain/field.h src/util/problem.h src/domain/listing.h \
  src/util/clock.h src/util/banned.h

src/domain/zone.h:

src/db/db.h:

src/domain/field.h:

src/util/problem.h:

src/domain/listing.h:

src/util/clock.h:

src/util/banned.h:
