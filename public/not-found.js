// On the site's 404 page: every view of the leaderboard lives in the query
// string, so an address under the site that does not exist (an old or
// mistyped path) opens the leaderboard with the same query and fragment.
location.replace(document.querySelector("a[data-home]").href + location.search + location.hash);
