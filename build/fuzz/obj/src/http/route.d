build/fuzz/obj/src/http/route.o: src/http/route.c src/http/route.h \
  src/http/request.h src/util/buf.h src/util/problem.h src/render/view.h \
  src/domain/field.h src/domain/need.h src/db/db.h src/domain/offer.h \
  src/domain/person.h src/domain/status.h src/domain/zone.h \
  src/pages/pages.h src/render/i18n.h src/util/asset.h src/util/num.h \
  src/util/utf8.h src/util/banned.h

src/http/route.h:

src/http/request.h:

src/util/buf.h:

src/util/problem.h:

src/render/view.h:

src/domain/field.h:

src/domain/need.h:

src/db/db.h:

src/domain/offer.h:

src/domain/person.h:

src/domain/status.h:

src/domain/zone.h:

src/pages/pages.h:

src/render/i18n.h:

src/util/asset.h:

src/util/num.h:

src/util/utf8.h:

src/util/banned.h:
