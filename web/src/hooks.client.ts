// In the browser the UI language is the one the server rendered (<html lang>),
// unless the cn_locale cookie says otherwise; so hydration always matches the server.
import { defineCustomClientStrategy, isLocale, overwriteSetLocale } from '#lib/paraglide/runtime.js';

defineCustomClientStrategy('custom-htmlLang', {
	getLocale: () => {
		const lang = document.documentElement.lang;
		return isLocale(lang) ? lang : undefined;
	},
	setLocale: () => {}
});

// The language is switched on the server (POST /locale sets the cookie). Paraglide would
// otherwise write a cn_locale cookie on the first page view, a choice the user never made.
overwriteSetLocale(() => {});
