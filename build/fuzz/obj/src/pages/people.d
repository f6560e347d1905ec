build/fuzz/obj/src/pages/people.o: src/pages/people.c src/pages/pages.h \
  src/http/request.h src/util/buf.h src/util/problem.h src/render/view.h \
  src/domain/need.h src/db/db.h src/domain/field.h src/domain/offer.h \
  src/domain/person.h src/render/i18n.h src/util/banned.h

src/pages/pages.h:

src/http/request.h:

src/util/buf.h:

src/util/problem.h:

src/render/view.h:

src/domain/need.h:

src/db/db.h:

src/domain/field.h:

src/domain/offer.h:

src/domain/person.h:

src/render/i18n.h:

src/util/banned.h:
