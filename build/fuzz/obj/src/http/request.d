build/fuzz/obj/src/http/request.o: src/http/request.c src/http/request.h \
  src/util/buf.h src/util/problem.h src/util/mem.h src/util/utf8.h \
  src/util/banned.h

src/http/request.h:

src/util/buf.h:

src/util/problem.h:

src/util/mem.h:

src/util/utf8.h:

src/util/banned.h:
