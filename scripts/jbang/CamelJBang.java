// The entry point of the Camel JBang CLI (what `jbang camel@apache/camel` runs): scripts/camel starts it with Java's
// source-file launcher on the classpath Maven resolves from scripts/jbang/pom.xml, so nothing needs compiling first.
public class CamelJBang {
    public static void main(String... args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
