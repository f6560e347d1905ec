build/fuzz/obj/src/util/problem.o: src/util/problem.c src/util/problem.h \
  src/util/banned.h

src/util/problem.h:

src/util/banned.h:
