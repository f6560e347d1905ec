build/fuzz/obj/src/db/db_sqlite.o: src/db/db_sqlite.c src/db/db.h \
  src/util/buf.h src/util/mem.h src/util/banned.h

src/db/db.h:

src/util/buf.h:

src/util/mem.h:

src/util/banned.h:
