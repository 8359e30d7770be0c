// Sets the theme before first paint (stored choice, else the system preference), so a dark
// console never flashes white on reload. The only inline script of ours: the Content Security
// Policy allows it by its hash (lib/security/headers.ts), so any change here changes the hash.
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem('pmta-theme');if(t!=='light'&&t!=='dark'){t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'}document.documentElement.dataset.theme=t}catch(e){}})()`;
