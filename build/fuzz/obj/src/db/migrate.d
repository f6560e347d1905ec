build/fuzz/obj/src/db/migrate.o: src/db/migrate.c src/db/db.h \
  src/util/asset.h src/util/buf.h src/util/num.h src/util/banned.h

src/db/db.h:

src/util/asset.h:

src/util/buf.h:

src/util/num.h:

src/util/banned.h:
