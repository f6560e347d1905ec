build/obj/gen/assets.o: build/gen/assets.c src/util/asset.h
src/util/asset.h:
