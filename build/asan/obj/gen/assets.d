build/asan/obj/gen/assets.o: build/asan/gen/assets.c src/util/asset.h
src/util/asset.h:
