// tsyringe checks for the Reflect metadata API when it loads, so every file that imports
// tsyringe imports this first (ESM evaluates imports in order). Nothing reads the metadata:
// every injection is an explicit token.
import 'reflect-metadata';
