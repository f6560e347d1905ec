build/fuzz/obj/src/util/num.o: src/util/num.c src/util/num.h \
  src/util/banned.h

src/util/num.h:

src/util/banned.h:
