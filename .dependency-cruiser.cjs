// The order of the stack (docs/design.md "The shape"), checked by `npm run lint` (dependency-cruiser).
//
//   apps → libs/platform → modules → libs/core
//
// Each module lists the libs it may import; everything else is refused. announcements sits under bids, bids
// under awards, announcements under complaints; awards and complaints never import each other. No app
// imports another app (what two apps share is a lib), and outside a lib nobody reaches past its index.ts.
// Tests (test/, *.spec.ts) and benchmarks are white-box and may import a lib's internals.

/** What each lib may import besides itself. */
const MAY_IMPORT = {
  core: [],
  identity: ['core'],
  documents: ['core'],
  sealing: ['core'],
  exchange: ['core'],
  'provincial-receiver': ['core', 'exchange'],
  announcements: ['core', 'identity', 'documents', 'exchange'],
  bids: ['core', 'identity', 'documents', 'sealing', 'exchange', 'announcements'],
  awards: ['core', 'identity', 'documents', 'sealing', 'exchange', 'announcements', 'bids'],
  complaints: ['core', 'identity', 'documents', 'exchange', 'announcements'],
  platform: ['core', 'identity', 'documents', 'sealing', 'exchange', 'announcements', 'bids', 'awards', 'complaints', 'provincial-receiver'],
};
const ALL_LIBS = Object.keys(MAY_IMPORT);

const layerRules = Object.entries(MAY_IMPORT).map(([lib, allowed]) => {
  const refused = ALL_LIBS.filter((other) => other !== lib && !allowed.includes(other));
  return {
    name: `layer-${lib}`,
    comment: `libs/${lib} may import only ${allowed.length ? allowed.join(', ') : 'nothing of the platform'} (docs/design.md "The shape")`,
    severity: 'error',
    from: { path: `^libs/${lib}/` },
    to: { path: `^libs/(${refused.join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    ...layerRules.filter((r) => !r.to.path.endsWith('/()/')),
    {
      name: 'no-app-to-app',
      comment: 'no app imports another app: what two apps share is a lib',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      comment: 'a lib never imports an app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-deep-import',
      comment:
        "outside a lib, import it through its barrel (@app/<lib>, its src/index.ts), never a file behind it; except the files " +
        'without imports that the portal reads through an alias (@content-text, @money-zh), since a barrel would bring Nest in',
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: {
        path: '^libs/[^/]+/src/',
        pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$', '^libs/platform/src/content/content-text\\.ts$', '^libs/core/src/money-zh\\.ts$'],
      },
    },
    {
      name: 'portal-shared-files-import-nothing',
      comment: 'the files the portal reads from the libs through an alias must stay free of imports (the page would bundle them)',
      severity: 'error',
      from: { path: '^libs/(core/src/money-zh|platform/src/content/content-text)\\.ts$' },
      to: {},
    },
    {
      name: 'no-test-code-in-production',
      comment: 'test harnesses and fixtures live in test/support and are never part of a build',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      comment: 'no circle between files',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|data|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
