build/fuzz/obj/src/http/server.o: src/http/server.c src/http/server.h \
  src/http/request.h src/util/buf.h src/util/problem.h src/http/route.h \
  src/render/view.h src/db/db.h src/util/mem.h src/util/num.h \
  src/util/banned.h

src/http/server.h:

src/http/request.h:

src/util/buf.h:

src/util/problem.h:

src/http/route.h:

src/render/view.h:

src/db/db.h:

src/util/mem.h:

src/util/num.h:

src/util/banned.h:
