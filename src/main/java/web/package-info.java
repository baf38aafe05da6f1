/**
 * The servlet layer in front of Camel: the request guard (body limits, the API key, the request id) and which paths are
 * open without a key.
 */
package web;
