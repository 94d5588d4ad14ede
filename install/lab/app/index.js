// Entry point of gograd's JupyterLab app: register every plugin from the
// extension packages in package.json, build the service manager from the
// service plugins (JupyterLab >= 4.4 resolves it through a plugin registry
// before the application exists), then start the application.

import { JupyterLab } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';
import { IServiceManager } from '@jupyterlab/services';
import { PluginRegistry } from '@lumino/coreutils';

import { extensions, mimeExtensions } from './gen/plugins.js';
import './gen/style.js';

// A plugin module exports one plugin or an array of them, as an ES default
// export or as CommonJS module.exports.
function pluginsOf(mod) {
  const data = Object.prototype.hasOwnProperty.call(mod, 'default') ? mod.default : mod;
  return Array.isArray(data) ? data : [data];
}

async function main() {
  const disabled = (id) => PageConfig.Extension.isDisabled(id);

  const plugins = extensions.flatMap(pluginsOf).filter((p) => !disabled(p.id));

  const registry = new PluginRegistry();
  registry.registerPlugins(plugins);
  const serviceManager = await registry.resolveRequiredService(IServiceManager);

  const lab = new JupyterLab({
    pluginRegistry: registry,
    serviceManager,
    // JupyterLab turns these modules into renderer plugins itself.
    mimeExtensions
  });

  // The browser tests reach the application through window.jupyterapp; the
  // server turns this on in page_config.
  if (PageConfig.getOption('exposeAppInBrowser').toLowerCase() === 'true') {
    window.jupyterapp = lab;
  }

  const ignorePlugins = [];
  try {
    ignorePlugins.push(...JSON.parse(PageConfig.getOption('ignorePlugins') || '[]'));
  } catch (err) {
    console.warn('gograd-lab: bad ignorePlugins page option', err);
  }
  await lab.start({ ignorePlugins, bubblingKeydown: true });
  await lab.restored;
}

main().catch((err) => {
  console.error('gograd-lab: start-up failed', err);
  const pre = document.createElement('pre');
  pre.id = 'gograd-lab-startup-error';
  pre.textContent = `JupyterLab failed to start:\n${err && err.stack ? err.stack : err}`;
  document.body.appendChild(pre);
});
