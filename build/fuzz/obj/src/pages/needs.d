build/fuzz/obj/src/pages/needs.o: src/pages/needs.c src/pages/board.h \
  src/http/request.h src/util/buf.h src/util/problem.h src/render/view.h \
  src/pages/pages.h src/domain/need.h src/db/db.h src/domain/field.h \
  src/util/banned.h

src/pages/board.h:

src/http/request.h:

src/util/buf.h:

src/util/problem.h:

src/render/view.h:

src/pages/pages.h:

src/domain/need.h:

src/db/db.h:

src/domain/field.h:

src/util/banned.h:
