# cmake -DOUTPUT=file.cpp -DSIZES="16;32" -DFILES="a.png;b.png" -P embed-files.cmake
# Writes the app icon's PNGs as byte arrays, so the packaged binaries need no resource file.
list(LENGTH FILES count)
math(EXPR last "${count} - 1")
set(arrays "")
set(entries "")
foreach(i RANGE ${last})
  list(GET FILES ${i} file)
  list(GET SIZES ${i} size)
  file(READ ${file} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n    " bytes "${bytes}")
  string(APPEND arrays "const unsigned char png_${size}[] = {\n    ${bytes}\n};\n")
  string(APPEND entries "    {${size}, png_${size}},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "// Generated from the app icon's SVG by cmake/embed-files.cmake.
#include \"app-icon-data.h\"

namespace parley {
namespace {
${arrays}
const EmbeddedPng pngs[] = {
${entries}};
}  // namespace

std::span<const EmbeddedPng> app_icon_pngs() { return pngs; }

}  // namespace parley
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
