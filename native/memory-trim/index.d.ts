/**
 * Asks the C allocator to give the free pages it holds back to the operating system (glibc's
 * `malloc_trim(0)`): 1 when memory was released, 0 when there was none, -1 where the C library has no
 * such call (not glibc), which then does nothing.
 */
export declare function trim(): -1 | 0 | 1;
