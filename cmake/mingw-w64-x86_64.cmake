# Cross-compiles for 64-bit Windows with Debian's g++-mingw-w64-x86-64:
#   cmake -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake [-DPARLEY_WINDOWS_DEPS_PREFIX=DIR] ...
# DIR is where scripts/windows-deps.sh installed wxWidgets, Poco, OpenSSL and
# libpng built for Windows. The resulting .exe files run under wine64.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(PARLEY_MINGW_TRIPLE x86_64-w64-mingw32)
# The "-posix" variants use the winpthreads thread model; the "-win32" ones
# lack std::thread and std::mutex in GCC 12, which core relies on. They are
# named directly: the system alternative points at "-win32".
find_program(CMAKE_C_COMPILER NAMES ${PARLEY_MINGW_TRIPLE}-gcc-posix REQUIRED)
find_program(CMAKE_CXX_COMPILER NAMES ${PARLEY_MINGW_TRIPLE}-g++-posix REQUIRED)
find_program(CMAKE_RC_COMPILER NAMES ${PARLEY_MINGW_TRIPLE}-windres)
find_program(CMAKE_AR NAMES ${PARLEY_MINGW_TRIPLE}-gcc-ar-posix)
find_program(CMAKE_RANLIB NAMES ${PARLEY_MINGW_TRIPLE}-gcc-ranlib-posix)

# try_compile re-reads this file in a fresh project: pass the prefix on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES PARLEY_WINDOWS_DEPS_PREFIX)
set(CMAKE_FIND_ROOT_PATH /usr/${PARLEY_MINGW_TRIPLE} ${PARLEY_WINDOWS_DEPS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Link the GCC runtime, libstdc++ and winpthreads statically, so an .exe needs
# only system DLLs and runs under wine (or on a bare Windows) as it is.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")
