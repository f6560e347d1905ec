build/fuzz/obj/src/pages/dashboard.o: src/pages/dashboard.c \
  src/pages/pages.h src/http/request.h src/util/buf.h src/util/problem.h \
  src/render/view.h src/domain/need.h src/db/db.h src/domain/field.h \
  src/render/i18n.h src/util/banned.h

src/pages/pages.h:

src/http/request.h:

src/util/buf.h:

src/util/problem.h:

src/render/view.h:

src/domain/need.h:

src/db/db.h:

src/domain/field.h:

src/render/i18n.h:

src/util/banned.h:
