build/fuzz/obj/gen/assets.o: build/fuzz/gen/assets.c src/util/asset.h

src/util/asset.h:
