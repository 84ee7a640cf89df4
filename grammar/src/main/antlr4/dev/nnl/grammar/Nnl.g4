// The .nnl language (see docs/language.md).
//
// Newlines end statements, except inside ( ) and [ ] and before a line that starts with '->'.
// The lexer emits every NL; the compiler's token filter (dev.nnl.compiler.parse.NewlineFilter)
// drops the ones that do not end a statement, so this grammar stays free of target code.
//
// Runs of separators are written `sep* (item (sep+ item)* sep*)?`, never `sep* (...)? sep*`:
// with two optional runs side by side, every separator of a leading run is a decision that
// looks ahead to the end of the run, so a file of blank lines parsed in quadratic time.
grammar Nnl;

file
    : sep* (topItem (sep+ topItem)* sep*)? EOF
    ;

topItem
    : importDecl
    | letDecl
    | blockDecl
    | modelDecl
    | trainDecl
    ;

importDecl : IMPORT STRING ;

letDecl : LET name=ID '=' expr ;

blockDecl : BLOCK name=ID '(' (param (',' param)* ','?)? ')' body ;

param : name=ID ('=' expr)? ;

modelDecl : MODEL name=ID body ;

trainDecl : TRAIN name=ID '{' sep* (trainEntry (sep+ trainEntry)* sep*)? '}' ;

trainEntry : key=ID '=' expr ;

body : '{' sep* (stmt (sep+ stmt)* sep*)? '}' ;

stmt
    : inputDecl
    | outputDecl
    | letDecl
    | binding
    | chainStmt
    ;

// Inside a block, `input x` (no shape) names the tensor the block is applied to.
inputDecl : INPUT name=ID (':' shape=expr dtype=ID?)? ;

outputDecl : OUTPUT chain (',' chain)* ;

binding : name=ID '=' chain ;

chainStmt : chain ;

chain : head=chainHead ('->' call)* ;

chainHead
    : call      # callHead
    | ID        # nameHead
    ;

call : callee=ID '(' (arg (',' arg)* ','?)? ')' ;

arg : (key=ID '=')? expr ;

expr
    : op=('-' | '+') expr                      # unaryExpr
    | left=expr op=('*' | '/') right=expr      # binaryExpr
    | left=expr op=('+' | '-') right=expr      # binaryExpr
    | primary                                  # primaryExpr
    ;

primary
    : NUMBER                                   # numberLit
    | STRING                                   # stringLit
    | BAD_STRING                               # badStringLit
    | TRUE                                     # trueLit
    | FALSE                                    # falseLit
    | NONE                                     # noneLit
    | call                                     # callLit
    | ID                                       # nameRef
    | '(' (expr (',' expr)* (trailing=',')?)? ')'   # parenOrTuple
    | '[' (expr (',' expr)* ','?)? ']'         # listLit
    ;

sep : NL | ';' ;

// ---- lexer ----
MODEL  : 'model' ;
BLOCK  : 'block' ;
INPUT  : 'input' ;
OUTPUT : 'output' ;
TRAIN  : 'train' ;
LET    : 'let' ;
IMPORT : 'import' ;
TRUE   : 'true' ;
FALSE  : 'false' ;
NONE   : 'none' ;

ARROW    : '->' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
COLON    : ':' ;
SEMI     : ';' ;
ASSIGN   : '=' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;

ID : [A-Za-z_] [A-Za-z0-9_]* ;

NUMBER
    : DIGITS ('.' DIGITS?)? EXPONENT?
    | '.' DIGITS EXPONENT?
    ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

// Any backslash escape is lexed; the AST builder rejects the ones the language does not have,
// so a bad escape gets a precise message instead of a token error.
STRING     : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '"' ;
BAD_STRING : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '\\'? ;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
// An unclosed block comment: text with no '*/' up to the end of the file.
BAD_COMMENT   : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;

NL : '\r\n' | '\r' | '\n' ;
WS : [ \t\f]+ -> channel(HIDDEN) ;

// Anything else becomes one token, so the parser reports it at its exact position.
BAD_CHAR : . ;
