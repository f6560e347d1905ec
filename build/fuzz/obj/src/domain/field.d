build/fuzz/obj/src/domain/field.o: src/domain/field.c src/domain/field.h \
  src/util/problem.h src/util/buf.h src/util/num.h src/util/utf8.h \
  src/util/banned.h

src/domain/field.h:

src/util/problem.h:

src/util/buf.h:

src/util/num.h:

src/util/utf8.h:

src/util/banned.h:
