build/fuzz/obj/src/pages/offers.o: src/pages/offers.c src/pages/board.h \
  src/http/request.h src/util/buf.h src/util/problem.h src/render/view.h \
  src/pages/pages.h src/domain/offer.h src/db/db.h src/domain/field.h \
  src/util/banned.h

src/pages/board.h:

src/http/request.h:

src/util/buf.h:

src/util/problem.h:

src/render/view.h:

src/pages/pages.h:

src/domain/offer.h:

src/db/db.h:

src/domain/field.h:

src/util/banned.h:
