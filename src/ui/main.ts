/** The browser entry: defines the elements; index.html places <ss-app>. */
import "./app/app.js";
