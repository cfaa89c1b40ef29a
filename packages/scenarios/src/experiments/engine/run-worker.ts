// The module tinypool loads in each worker thread: its default export runs one task.

import { runTask } from './run-task.js';

export default runTask;
