# Warnings are errors for the project's own targets only: third-party headers
# are included as system headers and never break the build.
function(parley_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough -Werror)
endfunction()
