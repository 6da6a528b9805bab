/**
 * A recording stand-in for the Electron API, for a smoke test of the desktop main process under
 * plain Node (Electron cannot run on the build machines). It is not Electron: it renders
 * nothing, shows nothing, and only records, as JSON messages to the parent process, what the
 * main process asked for (tray icons, menus, notifications, app lifecycle). Members the smoke
 * test does not look at are recording no-ops. The parent can send { cmd: 'quit' } or
 * { cmd: 'click', label } (a tray menu item).
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: electron-updater require()s electron */
const { EventEmitter } = require('node:events');
const fs = require('node:fs');
const path = require('node:path');

const home = process.env.STAND_IN_HOME;
const root = process.env.STAND_IN_APP_PATH;

function record(what, data) {
  if (process.send !== undefined) {
    process.send({ what, ...data });
  }
}

/** Any member, any depth: records calls, returns another no-op (never a thenable). */
function noop(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_t, prop) {
      if (typeof prop === 'symbol' || prop === 'then') {
        return undefined;
      }
      return noop(`${name}.${String(prop)}`);
    },
    apply(_t, _this, args) {
      record('call', {
        name,
        args: args.filter((a) => typeof a !== 'function' && typeof a !== 'object').map(String),
      });
      return noop(`${name}()`);
    },
    construct() {
      record('new', { name });
      return noop(`new ${name}`);
    },
  });
}

function withNoops(name, obj) {
  return new Proxy(obj, {
    get(t, prop, receiver) {
      if (prop in t || typeof prop === 'symbol' || prop === 'then') {
        return Reflect.get(t, prop, receiver);
      }
      return noop(`${name}.${String(prop)}`);
    },
  });
}

// ------------------------------------------------------------------ app
let lockFile;
let quitting = false;
const appImpl = Object.assign(new EventEmitter(), {
  isPackaged: false,
  name: 'stand-in',
  dock: undefined,
  setName(n) {
    appImpl.name = n;
    record('app.setName', { value: n });
  },
  getName: () => appImpl.name,
  getVersion: () => '0.0.0-stand-in',
  getAppPath: () => root,
  getPath(which) {
    const p = path.join(home, which);
    fs.mkdirSync(p, { recursive: true });
    return p;
  },
  whenReady: () => Promise.resolve(),
  isReady: () => true,
  getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
  setLoginItemSettings() {},
  setAppUserModelId() {},
  /** A lock file in userData stands for Electron's single-instance lock. */
  requestSingleInstanceLock() {
    const file = path.join(appImpl.getPath('userData'), 'stand-in.lock');
    let got = false;
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      lockFile = file;
      got = true;
    } catch {
      got = false;
    }
    record('app.requestSingleInstanceLock', { value: got });
    return got;
  },
  quit() {
    record('app.quit', {});
    if (quitting) {
      return;
    }
    let prevented = false;
    appImpl.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) {
      record('app.quit.held', {});
      return;
    }
    quitting = true;
    appImpl.emit('will-quit', { preventDefault() {} });
    appImpl.emit('quit', {}, 0);
    setImmediate(() => appImpl.exit(0));
  },
  exit(code = 0) {
    record('app.exit', { code });
    if (lockFile !== undefined) {
      fs.rmSync(lockFile, { force: true });
    }
    // Let the last messages reach the parent before the process ends.
    setTimeout(() => process.exit(code), 50);
  },
});
const app = withNoops('app', appImpl);

// ------------------------------------------------------------------ tray, menu, images
const nativeImage = {
  createFromPath(p) {
    return withNoops('nativeImage', { file: path.relative(root, p), setTemplateImage() {} });
  },
};

let lastMenu;
function labels(template) {
  return template
    .filter((i) => i.type !== 'separator')
    .map((i) => ({
      label: i.label,
      enabled: i.enabled !== false,
      submenu: i.submenu ? labels(i.submenu) : undefined,
    }));
}
const Menu = {
  buildFromTemplate(template) {
    return { template };
  },
};

class Tray extends EventEmitter {
  constructor(image) {
    super();
    record('tray.new', { icon: image.file });
  }
  setImage(image) {
    record('tray.setImage', { icon: image.file });
  }
  setToolTip(text) {
    record('tray.setToolTip', { text });
  }
  setContextMenu(menu) {
    lastMenu = menu.template;
    record('tray.setContextMenu', { items: labels(menu.template) });
  }
  destroy() {
    record('tray.destroy', {});
  }
}

const nativeTheme = Object.assign(new EventEmitter(), {
  themeSource: 'system',
  shouldUseDarkColorsForSystemIntegratedUI: false,
  shouldUseDarkColors: false,
});

class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    record('notification.show', { title: this.options.title, body: this.options.body });
  }
}

const dialog = withNoops('dialog', {
  showErrorBox(title, content) {
    record('dialog.showErrorBox', { title, content });
  },
});

// ------------------------------------------------------------------ commands from the test
function findItem(items, label) {
  for (const item of items ?? []) {
    if (item.label === label) {
      return item;
    }
    const inner = findItem(item.submenu, label);
    if (inner !== undefined) {
      return inner;
    }
  }
  return undefined;
}
process.on('message', (m) => {
  if (m.cmd === 'quit') {
    app.quit();
  } else if (m.cmd === 'click') {
    const item = findItem(lastMenu, m.label);
    record('tray.click', { label: m.label, found: item !== undefined });
    item?.click?.();
  }
});
process.on('exit', () => {
  if (lockFile !== undefined) {
    fs.rmSync(lockFile, { force: true });
  }
});

exports.app = app;
exports.Tray = Tray;
exports.Menu = Menu;
exports.nativeImage = nativeImage;
exports.nativeTheme = nativeTheme;
exports.Notification = Notification;
exports.dialog = dialog;
exports.clipboard = noop('clipboard');
exports.shell = noop('shell');
exports.ipcMain = noop('ipcMain');
exports.session = noop('session');
exports.screen = noop('screen');
exports.BrowserWindow = noop('BrowserWindow');
exports.autoUpdater = noop('autoUpdater');
exports.ipcRenderer = undefined;
