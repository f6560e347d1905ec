build/fuzz/obj/src/cli/cmd_serve.o: src/cli/cmd_serve.c src/cli/cmd.h \
  src/db/db.h src/http/server.h src/render/i18n.h src/util/buf.h \
  src/render/view.h src/http/request.h src/util/problem.h src/util/num.h \
  src/util/banned.h

src/cli/cmd.h:

src/db/db.h:

src/http/server.h:

src/render/i18n.h:

src/util/buf.h:

src/render/view.h:

src/http/request.h:

src/util/problem.h:

src/util/num.h:

src/util/banned.h:
