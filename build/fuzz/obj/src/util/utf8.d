build/fuzz/obj/src/util/utf8.o: src/util/utf8.c src/util/utf8.h \
  src/util/banned.h

src/util/utf8.h:

src/util/banned.h:
