// @blockage/node: the operator's long-running node (DESIGN §8).
export {};
