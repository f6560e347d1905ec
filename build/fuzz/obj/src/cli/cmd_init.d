build/fuzz/obj/src/cli/cmd_init.o: src/cli/cmd_init.c src/cli/cmd.h \
  src/db/db.h src/util/banned.h

src/cli/cmd.h:

src/db/db.h:

src/util/banned.h:
