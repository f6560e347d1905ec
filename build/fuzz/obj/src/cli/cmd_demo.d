build/fuzz/obj/src/cli/cmd_demo.o: src/cli/cmd_demo.c src/cli/cmd.h

src/cli/cmd.h:
