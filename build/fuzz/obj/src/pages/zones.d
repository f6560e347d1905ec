build/fuzz/obj/src/pages/zones.o: src/pages/zones.c src/pages/pages.h \
  src/http/request.h src/util/buf.h src/util/problem.h src/render/view.h \
  src/domain/zone.h src/db/db.h src/domain/field.h src/util/banned.h

src/pages/pages.h:

src/http/request.h:

src/util/buf.h:

src/util/problem.h:

src/render/view.h:

src/domain/zone.h:

src/db/db.h:

src/domain/field.h:

src/util/banned.h:
