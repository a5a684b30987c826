/**
 * The ODE text form shared by the command line, notebook magics and printed results.
 *
 * <h2>Systems</h2>
 * <pre>
 *   x'' + 0.1*x' + (1 + 0.5*sin(t))*x = cos(t)
 *
 *   # Lorenz
 *   x' = 10*(y - x); y' = x*(28 - z) - y
 *   z' = x*y - 8/3*z
 * </pre>
 * <ul>
 *   <li>One equation per line or per {@code ;}; blank lines and {@code #} comments are ignored.</li>
 *   <li>Numbers {@code 1 1.5 .5 1e-3 2E+4}; identifiers {@code [A-Za-z_][A-Za-z0-9_]*}.</li>
 *   <li>Derivatives are primes directly after a name: {@code x' x'' x'''}.</li>
 *   <li>{@code t} is the independent variable; {@code pi} and {@code e} are constants; the
 *       functions are sin cos tan exp log sqrt abs tanh sinh cosh atan asin acos (one argument).</li>
 *   <li>Operators {@code + - * / ^} and parentheses. {@code ^} is right associative and binds
 *       tighter than unary minus: {@code -x^2 = -(x^2)}, {@code 2^3^2 = 2^9}, {@code x^-1} is
 *       allowed. Implicit multiplication ({@code 2x}, {@code x y}, {@code mu(1 - x)}) is an error.</li>
 *   <li>A line {@code name = expr} defines a constant when name is a bare identifier never written
 *       with a prime and expr mentions neither t nor a primed name (see {@link org.mnn.ode.text.OdeParser}).
 *       Values can also be passed as parameters, which override inline definitions.</li>
 *   <li>State variables are the remaining identifiers. Each needs a prime somewhere (its order is
 *       its largest prime count), and there must be exactly one equation per variable. Variables
 *       are ordered by first appearance with a prime on a left-hand side, then by first
 *       appearance anywhere.</li>
 * </ul>
 *
 * <h2>Initial conditions</h2>
 * <pre>  x(0) = 1, x'(0) = 0; y(0) = 2*pi</pre>
 * Derivatives 0..K-1 of a variable (K below its order) at one common time.
 *
 * <p>All problems are reported as {@link org.mnn.ode.text.OdeSyntaxException} with a 1-based line
 * and column, the source line and a caret.
 */
package org.mnn.ode.text;
