build/fuzz/obj/src/util/buf.o: src/util/buf.c src/util/buf.h \
  src/util/mem.h src/util/banned.h

src/util/buf.h:

src/util/mem.h:

src/util/banned.h:
