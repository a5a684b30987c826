package org.mnn.ode.text;

/** A named constant as printed in canonical text: {@code name = value}, value resolved. */
record Definition(String name, Expr value) { }
