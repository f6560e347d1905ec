build/fuzz/obj/src/util/asset.o: src/util/asset.c src/util/asset.h \
  src/util/banned.h

src/util/asset.h:

src/util/banned.h:
