import { START_UP_FLAGS, setHeapFlags } from './heap-flags';

// Imported first by main.ts: the flag must be set before loading the modules grows the heap.
// main.ts sets the running flags (HEAP_YOUNG_GROWTH, HEAP_GROWING_PERCENT) once the server listens.
setHeapFlags(START_UP_FLAGS);
