// Runs before the page is drawn: tells the styles that scripts work, so that menus which
// need a script may start folded (without scripts they stay open).
document.documentElement.classList.add("js");
