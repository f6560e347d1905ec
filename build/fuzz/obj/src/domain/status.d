build/fuzz/obj/src/domain/status.o: src/domain/status.c \
  src/domain/status.h src/domain/field.h src/util/problem.h \
  src/util/banned.h

src/domain/status.h:

src/domain/field.h:

src/util/problem.h:

src/util/banned.h:
