build/fuzz/obj/src/util/mem.o: src/util/mem.c src/util/mem.h \
  src/util/banned.h

src/util/mem.h:

src/util/banned.h:
