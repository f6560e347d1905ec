build/fuzz/obj/src/render/view.o: src/render/view.c src/render/view.h \
  src/http/request.h src/util/buf.h src/util/problem.h src/render/i18n.h \
  src/render/mustache.h src/render/../util/buf.h src/http/route.h \
  src/util/asset.h src/util/mem.h src/util/banned.h

src/render/view.h:

src/http/request.h:

src/util/buf.h:

src/util/problem.h:

src/render/i18n.h:

src/render/mustache.h:

src/render/../util/buf.h:

src/http/route.h:

src/util/asset.h:

src/util/mem.h:

src/util/banned.h:
