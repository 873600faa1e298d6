#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ when it is missing or stale (bin/build.js).
import { ensureBuild } from './build.js';

ensureBuild();
