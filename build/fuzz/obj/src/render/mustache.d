build/fuzz/obj/src/render/mustache.o: src/render/mustache.c \
  src/render/mustache.h src/render/../util/buf.h \
  src/render/../util/mem.h src/render/../util/banned.h

src/render/mustache.h:

src/render/../util/buf.h:

src/render/../util/mem.h:

src/render/../util/banned.h:
