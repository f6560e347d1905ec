build/asan/obj/src/main.o: src/main.c src/cli/cmd.h src/util/banned.h
src/cli/cmd.h:
src/util/banned.h:
