# From the repository root, after pnpm build: both combinations of the pack, with one override.
pnpm orebus run S1-D1 S1-D5 --pack docs/examples/my-pack --set market.SPR=0.6 --out out/my-pack
